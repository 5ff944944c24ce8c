package syncgate.k8s.service_external_ips_test

import rego.v1

import data.syncgate.k8s.service_external_ips.deny

test_plain_service_passes if {
	count(deny) == 0 with input as {"kind": "Service", "metadata": {"name": "web"}, "spec": {"ports": [{"port": 80}]}}
}

test_empty_external_ips_passes if {
	count(deny) == 0 with input as {"kind": "Service", "spec": {"externalIPs": []}}
}

test_each_external_ip_fails_at_its_entry if {
	findings := deny with input as {"kind": "Service", "metadata": {"name": "web"}, "spec": {"externalIPs": ["10.0.0.1", "10.0.0.2"]}}
	count(findings) == 2
	some f in findings
	f.path == ["spec", "externalIPs", 1]
	contains(f.msg, "10.0.0.2")
}
