import { describe, expect, it } from '@jest/globals';
import { GraphQLInt, GraphQLObjectType, GraphQLSchema, GraphQLString } from 'graphql';
import { withoutPropertyResolvers } from './property-fields.js';

/** A resolver as Nest writes one for an @Field: the property `name`, else the field's default value. */
function nestResolver(name: string, defaultValue?: unknown) {
  const rootFieldResolver = (root: Record<string, unknown>) => (root[name] === undefined ? defaultValue : root[name]);
  return rootFieldResolver;
}

describe('withoutPropertyResolvers', () => {
  it('takes off Nest’s resolvers that read the field’s own property, and keeps every other', () => {
    const custom = () => 42;
    const query = new GraphQLObjectType({
      name: 'Query',
      fields: {
        plain: { type: GraphQLInt, resolve: nestResolver('plain') },
        withDefault: { type: GraphQLInt, resolve: nestResolver('withDefault', 7) },
        renamed: { type: GraphQLString, resolve: nestResolver('propertyOfAnotherName') },
        computed: { type: GraphQLInt, resolve: custom },
      },
    });
    const fields = withoutPropertyResolvers(new GraphQLSchema({ query })).getQueryType()!.getFields();
    expect(fields.plain.resolve).toBeUndefined();
    expect(fields.withDefault.resolve).toBeDefined();
    expect(fields.renamed.resolve).toBeDefined();
    expect(fields.computed.resolve).toBe(custom);
  });
});
