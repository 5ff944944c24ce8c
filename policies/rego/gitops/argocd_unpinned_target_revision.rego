# METADATA
# title: Argo CD Application follows a moving revision
# description: >-
#   An Application whose source has no targetRevision, or HEAD, syncs whatever the
#   default branch holds at the moment, so a push to another repository changes this
#   environment without a reviewed change here. Pin a tag, a commit or (for Helm
#   charts) an exact chart version; a named branch is reported at low severity.
# related_resources:
#   - ref: https://argo-cd.readthedocs.io/en/stable/user-guide/tracking_strategies/
# custom:
#   id: gitops/argocd-unpinned-target-revision
#   severity: medium
#   remediation: Set spec.source.targetRevision (or each spec.sources[].targetRevision) to a tag, a commit SHA or an exact chart version.
#   tags: [gitops, argocd, supply-chain]
#   kinds: [Application]
package syncgate.gitops.argocd_unpinned_target_revision

import rego.v1

sources contains [["spec", "source"], input.spec.source] if input.spec.source

sources contains [["spec", "sources", i], s] if some i, s in input.spec.sources

moving := {"", "HEAD", "head"}

deny contains {"msg": msg, "path": base} if {
	startswith(input.apiVersion, "argoproj.io/")
	input.kind == "Application"
	some [base, src] in sources
	not src.targetRevision
	not src.ref
	msg := sprintf("source %s has no targetRevision: it follows the repository's default branch", [object.get(src, "repoURL", "?")])
}

deny contains {"msg": msg, "path": array.concat(base, ["targetRevision"])} if {
	startswith(input.apiVersion, "argoproj.io/")
	input.kind == "Application"
	some [base, src] in sources
	src.targetRevision in moving
	msg := sprintf("source %s follows %q: pin a tag, commit or chart version", [object.get(src, "repoURL", "?"), src.targetRevision])
}

deny contains {"msg": msg, "path": array.concat(base, ["targetRevision"]), "severity": "low"} if {
	startswith(input.apiVersion, "argoproj.io/")
	input.kind == "Application"
	some [base, src] in sources
	not src.chart
	is_branch(src.targetRevision)
	msg := sprintf("source %s follows the branch %q: changes there deploy without a change in this repository", [object.get(src, "repoURL", "?"), src.targetRevision])
}

# Not a commit SHA and not version-like (v1.2.3, 1.2, release tags with digits and dots).
is_branch(rev) if {
	is_string(rev)
	not rev in moving
	not regex.match(`^[0-9a-f]{7,40}$`, rev)
	not regex.match(`^v?[0-9]+(\.[0-9]+)*([-+].*)?$`, rev)
	not contains(rev, "*")
}
