# METADATA
# title: Service sets externalIPs
# description: >-
#   spec.externalIPs makes every node accept traffic for those addresses and send it to
#   this Service. Anyone who can create a Service can claim an address other workloads
#   use and intercept their traffic (CVE-2020-8554); clusters often block the field with
#   an admission policy, so the sync fails there too.
# related_resources:
#   - ref: https://kubernetes.io/docs/concepts/services-networking/service/#external-ips
# custom:
#   id: k8s/service-external-ips
#   severity: high
#   remediation: Remove spec.externalIPs; expose the Service with a LoadBalancer, an Ingress or a Gateway instead.
#   tags: [best-practice, networking, security]
#   kinds: [Service]
package syncgate.k8s.service_external_ips

import rego.v1

deny contains {"msg": msg, "path": ["spec", "externalIPs", i]} if {
	some i, ip in input.spec.externalIPs
	msg := sprintf("Service %s claims the external IP %v: nodes route traffic for it to this Service (CVE-2020-8554)", [object.get(input, ["metadata", "name"], ""), ip])
}
