import { groupOf, versionOf } from './objects.js';

/** `input.review` as Gatekeeper builds it from an admission request. */
export interface Review {
  object: Record<string, unknown> | null;
  oldObject: Record<string, unknown> | null;
  kind: { group: string; version: string; kind: string };
  name: string;
  namespace: string;
  operation: string;
  userInfo: Record<string, unknown>;
  uid: string;
  dryRun: boolean;
}

/** A review of a manifest as if it were being created (what a merge request proposes). */
export function createReview(object: Record<string, unknown>, apiVersion: string, kind: string, name: string, namespace: string | undefined): Review {
  return {
    object,
    oldObject: null,
    kind: { group: groupOf(apiVersion), version: versionOf(apiVersion), kind },
    name,
    namespace: namespace ?? '',
    operation: 'CREATE',
    userInfo: {},
    uid: '',
    dryRun: false,
  };
}
