# METADATA
# title: Ingress host is a wildcard or missing
# description: >-
#   An Ingress rule whose host is missing or starts with "*" receives traffic for every
#   name (or every subdomain) that reaches the ingress controller. Another team's
#   hostname can then be routed to this backend, and TLS certificates rarely cover it.
# related_resources:
#   - ref: https://kubernetes.io/docs/concepts/services-networking/ingress/#hostname-wildcards
# custom:
#   id: k8s/ingress-wildcard-host
#   severity: medium
#   remediation: Set spec.rules[].host to the exact hostname this service answers for.
#   tags: [best-practice, networking]
#   kinds: [Ingress]
package syncgate.k8s.ingress_wildcard_host

import rego.v1

deny contains {"msg": msg, "path": ["spec", "rules", i, "host"]} if {
	some i, rule in input.spec.rules
	startswith(rule.host, "*")
	msg := sprintf("Ingress rule %d uses the wildcard host %q: it matches every subdomain", [i, rule.host])
}

deny contains {"msg": msg, "path": ["spec", "rules", i]} if {
	some i, rule in input.spec.rules
	not has_host(rule)
	msg := sprintf("Ingress rule %d has no host: it matches every hostname the controller serves", [i])
}

has_host(rule) if {
	is_string(rule.host)
	rule.host != ""
}
