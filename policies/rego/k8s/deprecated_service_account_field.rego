# METADATA
# title: Pod spec uses the deprecated serviceAccount field
# description: >-
#   spec.serviceAccount is a deprecated alias of spec.serviceAccountName. When both are
#   set and differ, which one wins surprises people; tools that only read
#   serviceAccountName see no service account at all.
# related_resources:
#   - ref: https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#security
# custom:
#   id: k8s/deprecated-service-account-field
#   severity: low
#   remediation: Rename serviceAccount to serviceAccountName (and remove the old field).
#   tags: [best-practice]
#   kinds: [Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, CronJob, PodTemplate]
package syncgate.k8s.deprecated_service_account_field

import rego.v1

# The pod spec of each kind, with its path in the object.
pod_spec := [["spec"], input.spec] if input.kind == "Pod"

pod_spec := [["template", "spec"], input.template.spec] if input.kind == "PodTemplate"

pod_spec := [["spec", "jobTemplate", "spec", "template", "spec"], input.spec.jobTemplate.spec.template.spec] if input.kind == "CronJob"

pod_spec := [["spec", "template", "spec"], input.spec.template.spec] if {
	input.kind in {"Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController", "Job"}
}

deny contains {"msg": msg, "path": array.concat(pod_spec[0], ["serviceAccount"])} if {
	spec := pod_spec[1]
	is_string(spec.serviceAccount)
	not spec.serviceAccountName
	msg := sprintf("serviceAccount %q is deprecated: use serviceAccountName", [spec.serviceAccount])
}

deny contains {"msg": msg, "path": array.concat(pod_spec[0], ["serviceAccount"])} if {
	spec := pod_spec[1]
	is_string(spec.serviceAccount)
	spec.serviceAccountName == spec.serviceAccount
	msg := "serviceAccount is deprecated and repeats serviceAccountName: remove it"
}

deny contains {"msg": msg, "path": array.concat(pod_spec[0], ["serviceAccount"])} if {
	spec := pod_spec[1]
	is_string(spec.serviceAccount)
	is_string(spec.serviceAccountName)
	spec.serviceAccountName != spec.serviceAccount
	msg := sprintf("serviceAccount %q and serviceAccountName %q disagree; serviceAccount is deprecated: remove it", [spec.serviceAccount, spec.serviceAccountName])
}
