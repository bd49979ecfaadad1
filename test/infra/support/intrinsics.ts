/**
 * The CloudFormation intrinsic functions a property value may hold, grouped by what they can
 * return. A resource schema cannot check the value an intrinsic resolves to at deploy time, so
 * the validator accepts an intrinsic wherever its return kind fits and checks everything else.
 */

/** May return any shape, objects included (`Fn::If` is expanded before validation anyway). */
const ANY_VALUE = ['Fn::GetAtt', 'Fn::Select', 'Fn::FindInMap', 'Fn::If'] as const;
/** A string, or a list for a `List<…>` parameter. */
const SCALAR_OR_LIST = ['Ref'] as const;
const STRING = [
  'Fn::Join',
  'Fn::Sub',
  'Fn::Base64',
  'Fn::ImportValue',
  'Fn::ToJsonString',
] as const;
const INTEGER = ['Fn::Length'] as const;
const LIST = ['Fn::Split', 'Fn::GetAZs', 'Fn::Cidr'] as const;
/** Only valid inside `Conditions` and `Fn::If`'s condition, never as a property value. */
const CONDITION = ['Fn::And', 'Fn::Equals', 'Fn::Not', 'Fn::Or', 'Fn::Contains'] as const;

/** The intrinsics accepted where a JSON Schema `type` is expected. */
export const INTRINSICS_FOR_TYPE: Record<string, readonly string[]> = {
  object: ANY_VALUE,
  array: [...ANY_VALUE, ...SCALAR_OR_LIST, ...LIST],
  string: [...ANY_VALUE, ...SCALAR_OR_LIST, ...STRING, ...INTEGER],
  integer: [...ANY_VALUE, ...SCALAR_OR_LIST, ...STRING, ...INTEGER],
  number: [...ANY_VALUE, ...SCALAR_OR_LIST, ...STRING, ...INTEGER],
  boolean: [...ANY_VALUE, ...SCALAR_OR_LIST, ...STRING],
};

/** Every value-returning intrinsic, accepted where the schema does not say a type. */
export const VALUE_INTRINSICS: readonly string[] = [
  ...ANY_VALUE,
  ...SCALAR_OR_LIST,
  ...STRING,
  ...INTEGER,
  ...LIST,
];

const ALL: ReadonlySet<string> = new Set([...VALUE_INTRINSICS, ...CONDITION]);

/** The intrinsic's name if `value` is a one-key intrinsic object (`{ "Fn::Join": … }`). */
export function intrinsicName(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const keys = Object.keys(value);
  return keys.length === 1 && ALL.has(keys[0]!) ? keys[0] : undefined;
}

/** True for `{ "Ref": "AWS::NoValue" }`, which removes the property or list item holding it. */
export function isNoValue(value: unknown): boolean {
  return intrinsicName(value) === 'Ref' && (value as { Ref: unknown }).Ref === 'AWS::NoValue';
}
