package syncgate.k8s.ingress_wildcard_host_test

import rego.v1

import data.syncgate.k8s.ingress_wildcard_host.deny

ingress(rules) := {"apiVersion": "networking.k8s.io/v1", "kind": "Ingress", "metadata": {"name": "web"}, "spec": {"rules": rules}}

test_exact_host_passes if {
	count(deny) == 0 with input as ingress([{"host": "shop.example.com"}])
}

test_wildcard_host_fails if {
	some f in deny with input as ingress([{"host": "shop.example.com"}, {"host": "*.example.com"}])
	f.path == ["spec", "rules", 1, "host"]
	contains(f.msg, "*.example.com")
}

test_missing_host_fails if {
	some f in deny with input as ingress([{"http": {"paths": []}}])
	f.path == ["spec", "rules", 0]
}

test_no_rules_passes if {
	count(deny) == 0 with input as {"kind": "Ingress", "spec": {"defaultBackend": {}}}
}
