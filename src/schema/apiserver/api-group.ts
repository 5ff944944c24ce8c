/** The API group of an apiVersion: `apps` for `apps/v1`, '' for the core group's `v1`. */
export function apiGroupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}
