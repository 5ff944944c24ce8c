package syncgate.k8s.deprecated_service_account_field_test

import rego.v1

import data.syncgate.k8s.deprecated_service_account_field.deny

deployment(spec) := {"kind": "Deployment", "spec": {"template": {"spec": spec}}}

test_service_account_name_passes if {
	count(deny) == 0 with input as deployment({"serviceAccountName": "web"})
}

test_deprecated_field_fails if {
	some f in deny with input as deployment({"serviceAccount": "web"})
	f.path == ["spec", "template", "spec", "serviceAccount"]
}

test_both_fields_disagree_fails if {
	some f in deny with input as {"kind": "Pod", "spec": {"serviceAccount": "a", "serviceAccountName": "b"}}
	contains(f.msg, "disagree")
	f.path == ["spec", "serviceAccount"]
}

test_cronjob_path if {
	some f in deny with input as {"kind": "CronJob", "spec": {"jobTemplate": {"spec": {"template": {"spec": {"serviceAccount": "x"}}}}}}
	f.path == ["spec", "jobTemplate", "spec", "template", "spec", "serviceAccount"]
}

test_other_kinds_pass if {
	count(deny) == 0 with input as {"kind": "Service", "spec": {"serviceAccount": "x"}}
}

test_both_fields_same_fails if {
	some f in deny with input as deployment({"serviceAccount": "web", "serviceAccountName": "web"})
	contains(f.msg, "repeats")
}
