// Keys made only of these characters print bare (`detail.eventName`); anything else is quoted
// (`detail["user name"]`) so a path never reads as a different path.
const BARE_KEY = /^[\w$@-]+$/;

/** The path of field `key` inside the object at `parent`. */
export function childPath(parent: string, key: string): string {
  if (BARE_KEY.test(key)) return parent === '' ? key : `${parent}.${key}`;
  return `${parent}[${JSON.stringify(key)}]`;
}

/** The path of element `index` of the array at `parent`. */
export function indexPath(parent: string, index: number): string {
  return `${parent}[${index}]`;
}

/** A short name for the JSON type of `value`, for problem messages. */
export function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/** Whether `value` is a non-null, non-array object. */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `value` as JSON text for a message, or its type name when it has no JSON form. */
export function jsonText(value: unknown): string {
  try {
    return JSON.stringify(value) ?? typeName(value);
  } catch {
    return typeName(value);
  }
}
