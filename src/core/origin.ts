/** An exact origin as `URL#origin` spells it (`https://crm.example.com:8443`): no wildcard, path, slash or upper case. */
export function isOrigin(value: unknown): value is string {
  try {
    return typeof value === 'string' && !value.includes('*') && new URL(value).origin === value;
  } catch {
    return false;
  }
}
