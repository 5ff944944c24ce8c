import type { Rule } from '../model/index.js';

const HELP = 'https://github.com/syncgate/syncgate/blob/main/docs/waivers.md';

export const RULE_WAIVER_INVALID = 'waiver/invalid';
export const RULE_WAIVER_EXPIRED = 'waiver/expired';
export const RULE_WAIVER_EXPIRING = 'waiver/expiring';
export const RULE_WAIVER_UNUSED = 'waiver/unused';
export const RULE_WAIVER_IGNORED = 'waiver/ignored';

/** Findings about waivers themselves. They are never waived and never go into a baseline. */
export const WAIVER_RULES: Rule[] = [
  {
    id: RULE_WAIVER_INVALID,
    title: 'Invalid waiver',
    severity: 'high',
    description:
      'A waiver (in .syncgate.yaml or a syncgate.io/waive annotation) is missing its rule, reason or expiry date, or has a malformed date. ' +
      'It waives nothing, so the findings it was meant to cover still count.',
    remediation:
      'Write the waiver as `<rule>: <reason> (expires YYYY-MM-DD)` in the annotation, or give `rule`, `reason` and `expires` in the config. ' +
      'Use `expires: never` for a deliberate permanent exception.',
    helpUri: `${HELP}#waiverinvalid`,
    tags: ['waiver'],
  },
  {
    id: RULE_WAIVER_EXPIRED,
    title: 'Expired waiver',
    severity: 'medium',
    description: 'The waiver is past its expiry date. It waives nothing any more: the findings it covered count again.',
    remediation: 'Fix the findings and remove the waiver, or, if the exception is still needed, renew it with a new `expires` date and an up-to-date reason.',
    helpUri: `${HELP}#waiverexpired`,
    tags: ['waiver'],
  },
  {
    id: RULE_WAIVER_EXPIRING,
    title: 'Waiver expiring soon',
    severity: 'low',
    description: 'The waiver expires within 30 days. After that the findings it covers will fail the run again. Reported with --report-waivers.',
    remediation: 'Plan the fix, or renew the waiver with its owner before the date.',
    helpUri: `${HELP}#waiverexpiring`,
    tags: ['waiver'],
  },
  {
    id: RULE_WAIVER_UNUSED,
    title: 'Unused waiver',
    severity: 'info',
    description: 'The waiver matched no finding in this run: the problem was fixed, or the waiver names the wrong rule or resource. Reported with --report-waivers.',
    remediation: 'Remove the waiver, or correct its rule and resource selectors (`syncgate rules` lists rule ids).',
    helpUri: `${HELP}#waiverunused`,
    tags: ['waiver'],
  },
  {
    id: RULE_WAIVER_IGNORED,
    title: 'In-resource waiver ignored by the admission gate',
    severity: 'info',
    description:
      'The admission gate is configured with `admission.ignoreResourceWaivers: true`, so syncgate.io/waive annotations on admitted resources are not honoured: ' +
      'whoever can edit a resource could otherwise waive its checks.',
    remediation: 'Move the waiver to the `waivers:` list of .syncgate.yaml, where it is reviewed with the repository.',
    helpUri: `${HELP}#waiverignored`,
    tags: ['waiver'],
  },
];
