package syncgate.k8s.configmap_too_large_test

import rego.v1

import data.syncgate.k8s.configmap_too_large.deny

# n zeros (Go fmt width)
big(n) := sprintf(sprintf("%%0%dd", [n]), [0])

test_small_configmap_passes if {
	count(deny) == 0 with input as {"kind": "ConfigMap", "data": {"a": "hello"}}
}

test_empty_configmap_passes if {
	count(deny) == 0 with input as {"kind": "ConfigMap"}
}

test_over_limit_fails if {
	some f in deny with input as {"kind": "ConfigMap", "data": {"a": big(1048577)}}
	f.path == ["data"]
	not f.severity
}

test_near_limit_warns if {
	some f in deny with input as {"kind": "ConfigMap", "data": {"a": big(950000)}}
	f.severity == "medium"
}

test_binary_data_counts_decoded_size if {
	count(deny) == 0 with input as {"kind": "ConfigMap", "binaryData": {"b": big(1200000)}}
}
