# METADATA
# title: ConfigMap is larger than Kubernetes accepts
# description: >-
#   The API server rejects a ConfigMap whose data and binaryData together exceed 1 MiB
#   (etcd's object limit), so the sync fails at apply time. This rule adds up the
#   keys and values (binaryData by its decoded size) and reports the ConfigMap before
#   it reaches the cluster; it warns from 900 KiB on.
# related_resources:
#   - ref: https://kubernetes.io/docs/concepts/configuration/configmap/#motivation
# custom:
#   id: k8s/configmap-too-large
#   severity: high
#   remediation: Split the ConfigMap, mount large files from a volume or an image, or store the data elsewhere.
#   tags: [best-practice, reliability]
#   kinds: [ConfigMap]
package syncgate.k8s.configmap_too_large

import rego.v1

limit := 1048576

warn_from := 921600

# Sizes count characters, an exact byte count for ASCII content.
data_size := sum([count(k) + count(v) | some k, v in object.get(input, "data", {}); is_string(v)])

# base64 text of n characters decodes to about n * 3 / 4 bytes
binary_size := sum([count(k) + floor((count(v) * 3) / 4) | some k, v in object.get(input, "binaryData", {}); is_string(v)])

total := data_size + binary_size

deny contains {"msg": msg, "path": ["data"], "bytes": total} if {
	total > limit
	msg := sprintf("ConfigMap holds about %d bytes of data; Kubernetes rejects more than %d (1 MiB)", [total, limit])
}

deny contains {"msg": msg, "path": ["data"], "bytes": total, "severity": "medium"} if {
	total > warn_from
	total <= limit
	msg := sprintf("ConfigMap holds about %d bytes of data, close to the 1 MiB limit (%d)", [total, limit])
}
