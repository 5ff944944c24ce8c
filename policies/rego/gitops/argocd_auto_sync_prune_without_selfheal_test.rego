package syncgate.gitops.argocd_auto_sync_prune_without_selfheal_test

import rego.v1

import data.syncgate.gitops.argocd_auto_sync_prune_without_selfheal.deny

app(automated) := {"apiVersion": "argoproj.io/v1alpha1", "kind": "Application", "spec": {"syncPolicy": {"automated": automated}}}

test_prune_and_self_heal_passes if {
	count(deny) == 0 with input as app({"prune": true, "selfHeal": true})
}

test_no_prune_passes if {
	count(deny) == 0 with input as app({"selfHeal": false})
}

test_prune_without_self_heal_fails if {
	some f in deny with input as app({"prune": true})
	f.path == ["spec", "syncPolicy", "automated", "prune"]
}

test_prune_with_self_heal_false_points_at_it if {
	some f in deny with input as app({"prune": true, "selfHeal": false})
	f.path == ["spec", "syncPolicy", "automated", "selfHeal"]
}

test_applicationset_template if {
	some f in deny with input as {"apiVersion": "argoproj.io/v1alpha1", "kind": "ApplicationSet", "spec": {"template": {"spec": {"syncPolicy": {"automated": {"prune": true}}}}}}
	f.path == ["spec", "template", "spec", "syncPolicy", "automated", "prune"]
}

test_other_api_groups_pass if {
	count(deny) == 0 with input as {"apiVersion": "example.com/v1", "kind": "Application", "spec": {"syncPolicy": {"automated": {"prune": true}}}}
}
