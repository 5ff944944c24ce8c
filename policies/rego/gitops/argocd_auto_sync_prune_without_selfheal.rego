# METADATA
# title: Argo CD automated sync prunes but does not self-heal
# description: >-
#   With syncPolicy.automated.prune on and selfHeal off, Argo CD deletes resources
#   removed from Git but leaves manual changes in the cluster in place: the cluster
#   drifts from Git until the next commit, and that commit's sync can then prune
#   objects people rely on. Turn on selfHeal so the cluster follows Git both ways.
# related_resources:
#   - ref: https://argo-cd.readthedocs.io/en/stable/user-guide/auto_sync/
# custom:
#   id: gitops/argocd-auto-sync-prune-without-selfheal
#   severity: medium
#   remediation: Set spec.syncPolicy.automated.selfHeal to true (or turn prune off if drift is intended).
#   tags: [gitops, argocd]
#   kinds: [Application, ApplicationSet]
package syncgate.gitops.argocd_auto_sync_prune_without_selfheal

import rego.v1

is_argocd if startswith(input.apiVersion, "argoproj.io/")

# An Application's syncPolicy, or the template's in an ApplicationSet.
sync_policy := [["spec", "syncPolicy"], input.spec.syncPolicy] if input.kind == "Application"

sync_policy := [["spec", "template", "spec", "syncPolicy"], input.spec.template.spec.syncPolicy] if input.kind == "ApplicationSet"

deny contains {"msg": msg, "path": path} if {
	is_argocd
	[base, policy] := sync_policy
	policy.automated.prune == true
	not policy.automated.selfHeal == true
	path := self_heal_path(base, policy.automated)
	msg := sprintf("%s syncs automatically with prune but without selfHeal: manual changes in the cluster are not reverted", [input.kind])
}

self_heal_path(base, automated) := array.concat(base, ["automated", "selfHeal"]) if "selfHeal" in object.keys(automated)

self_heal_path(base, automated) := array.concat(base, ["automated", "prune"]) if not "selfHeal" in object.keys(automated)
