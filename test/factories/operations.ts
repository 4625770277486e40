import {
  getNamedType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLSchema,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
} from 'graphql';

/** A placeholder value of the right shape for a required argument. */
function placeholder(type: GraphQLInputType): unknown {
  if (isNonNullType(type)) return placeholder(type.ofType);
  if (isListType(type)) return [];
  if (isEnumType(type)) return type.getValues()[0].value;
  if (isInputObjectType(type)) {
    return Object.fromEntries(
      Object.values(type.getFields())
        .filter((f) => isNonNullType(f.type) && f.defaultValue === undefined)
        .map((f) => [f.name, placeholder(f.type)]),
    );
  }
  if (isScalarType(type)) {
    switch (type.name) {
      case 'Int':
        return 1;
      case 'Float':
        return 1.5;
      case 'Boolean':
        return true;
      case 'DateTime':
        return '2026-01-01T00:00:00Z';
      default:
        return '1';
    }
  }
  return null;
}

/** The cheapest valid selection of a field's result: `__typename` on objects. */
function selection(field: GraphQLField<unknown, unknown>): string {
  return isObjectType(getNamedType(field.type)) ? ' { __typename }' : '';
}

/** A minimal valid operation calling one root field, with placeholder variables for its required arguments. */
export function minimalOperation(schema: GraphQLSchema, kind: 'query' | 'mutation', fieldName: string) {
  const root = kind === 'query' ? schema.getQueryType()! : schema.getMutationType()!;
  const field = root.getFields()[fieldName];
  const required = field.args.filter((a: GraphQLArgument) => isNonNullType(a.type) && a.defaultValue === undefined);
  const declarations = required.map((a) => `$${a.name}: ${a.type.toString()}`).join(', ');
  const args = required.map((a) => `${a.name}: $${a.name}`).join(', ');
  return {
    query: `${kind}${declarations ? `(${declarations})` : ''} { ${fieldName}${args ? `(${args})` : ''}${selection(field)} }`,
    variables: Object.fromEntries(required.map((a) => [a.name, placeholder(a.type)])),
  };
}

export function rootFields(schema: GraphQLSchema): { kind: 'query' | 'mutation'; name: string }[] {
  return [
    ...Object.keys(schema.getQueryType()!.getFields()).map((name) => ({ kind: 'query' as const, name })),
    ...Object.keys(schema.getMutationType()!.getFields()).map((name) => ({ kind: 'mutation' as const, name })),
  ];
}
