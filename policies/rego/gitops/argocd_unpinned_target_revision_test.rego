package syncgate.gitops.argocd_unpinned_target_revision_test

import rego.v1

import data.syncgate.gitops.argocd_unpinned_target_revision.deny

app(source) := {"apiVersion": "argoproj.io/v1alpha1", "kind": "Application", "spec": {"source": source}}

test_tag_passes if {
	count(deny) == 0 with input as app({"repoURL": "https://git.example.com/a.git", "targetRevision": "v1.4.2"})
}

test_commit_passes if {
	count(deny) == 0 with input as app({"repoURL": "r", "targetRevision": "0f3e9c1a2b"})
}

test_chart_version_passes if {
	count(deny) == 0 with input as app({"repoURL": "https://charts.example.com", "chart": "web", "targetRevision": "1.2.3"})
}

test_missing_revision_fails if {
	some f in deny with input as app({"repoURL": "r"})
	f.path == ["spec", "source"]
}

test_head_fails if {
	some f in deny with input as app({"repoURL": "r", "targetRevision": "HEAD"})
	f.path == ["spec", "source", "targetRevision"]
	not f.severity
}

test_branch_is_low if {
	some f in deny with input as app({"repoURL": "r", "targetRevision": "main"})
	f.severity == "low"
}

test_multiple_sources if {
	some f in deny with input as {"apiVersion": "argoproj.io/v1alpha1", "kind": "Application", "spec": {"sources": [{"repoURL": "a", "targetRevision": "v1"}, {"repoURL": "b", "targetRevision": "HEAD"}]}}
	f.path == ["spec", "sources", 1, "targetRevision"]
}
