import type { Policy } from '../../ts/index.js';
import { obj } from './pod.js';
import { resourcePractice } from './rule.js';

const JOB_HELP = 'https://kubernetes.io/docs/concepts/workloads/controllers/job/';
const CRON_HELP = 'https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/';
/** Hook annotations whose delete policy already cleans finished Jobs up. */
const HOOK_DELETE = ['argocd.argoproj.io/hook-delete-policy', 'helm.sh/hook-delete-policy'];

function spec(o: Record<string, unknown>): Record<string, unknown> {
  return obj(o['spec']) ?? {};
}

export const jobPolicies: Policy[] = [
  resourcePractice('job-ttl-seconds-after-finished', {
    title: 'Jobs are cleaned up after they finish',
    severity: 'low',
    description: 'A Job without spec.ttlSecondsAfterFinished stays, with its pods, until someone deletes it; a GitOps tool may also show it out of sync once finished. Jobs created by CronJobs and Argo CD or Helm hooks with a delete policy are not checked.',
    remediation: 'Set spec.ttlSecondsAfterFinished (e.g. 3600).',
    helpUri: JOB_HELP,
    tags: ['hygiene'],
  }, ['Job'], function* (t) {
    const annotations = obj(obj(t.object['metadata'])?.['annotations']) ?? {};
    if (HOOK_DELETE.some((a) => typeof annotations[a] === 'string')) return;
    if (typeof spec(t.object)['ttlSecondsAfterFinished'] !== 'number') yield { message: 'Job sets no spec.ttlSecondsAfterFinished', path: ['spec', 'ttlSecondsAfterFinished'] };
  }),
  resourcePractice('job-backoff-limit', {
    title: 'Jobs set a retry limit',
    severity: 'low',
    description: 'Without spec.backoffLimit a failing Job is retried 6 times with growing delays; say how many retries the task tolerates.',
    remediation: 'Set spec.backoffLimit (spec.jobTemplate.spec.backoffLimit for CronJobs).',
    helpUri: `${JOB_HELP}#pod-backoff-failure-policy`,
    tags: ['reliability'],
  }, ['Job', 'CronJob'], function* (t) {
    const jobSpec = t.resource.kind === 'CronJob' ? obj(obj(spec(t.object)['jobTemplate'])?.['spec']) ?? {} : spec(t.object);
    if (typeof jobSpec['backoffLimit'] !== 'number' && typeof jobSpec['backoffLimitPerIndex'] !== 'number') {
      yield { message: `${t.resource.kind} sets no backoffLimit`, path: t.resource.kind === 'CronJob' ? ['spec', 'jobTemplate', 'spec', 'backoffLimit'] : ['spec', 'backoffLimit'] };
    }
  }),
  resourcePractice('cronjob-concurrency-policy', {
    title: 'CronJobs set a concurrency policy',
    severity: 'low',
    description: 'The default concurrencyPolicy Allow starts a new run while the previous one is still going; slow runs then pile up.',
    remediation: 'Set spec.concurrencyPolicy to Forbid or Replace (or Allow, to say it is intended).',
    helpUri: `${CRON_HELP}#concurrency-policy`,
    tags: ['reliability'],
  }, ['CronJob'], function* (t) {
    if (typeof spec(t.object)['concurrencyPolicy'] !== 'string') yield { message: 'CronJob sets no spec.concurrencyPolicy (defaults to Allow)', path: ['spec', 'concurrencyPolicy'] };
  }),
  resourcePractice('cronjob-starting-deadline', {
    title: 'CronJobs set a starting deadline',
    severity: 'low',
    description: 'Without spec.startingDeadlineSeconds a CronJob that missed more than 100 schedules (controller down, cluster upgrade) stops being scheduled.',
    remediation: 'Set spec.startingDeadlineSeconds (e.g. 300).',
    helpUri: `${CRON_HELP}#job-creation`,
    tags: ['reliability'],
  }, ['CronJob'], function* (t) {
    if (typeof spec(t.object)['startingDeadlineSeconds'] !== 'number') yield { message: 'CronJob sets no spec.startingDeadlineSeconds', path: ['spec', 'startingDeadlineSeconds'] };
  }),
];
