import type { ApolloServerPlugin } from '@apollo/server';
import {
  getNamedType,
  GraphQLError,
  type GraphQLField,
  isListType,
  isNonNullType,
  isObjectType,
  Kind,
  type FragmentDefinitionNode,
  type GraphQLOutputType,
  type GraphQLObjectType,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';
import { localize } from './i18n/messages.js';

export const MAX_QUERY_DEPTH = 15;
export const MAX_QUERY_COST = 50_000;
// A plain list field (ancestors, grants) is short; count it as this many items.
const PLAIN_LIST_SIZE = 10;

interface Walk {
  fragments: Record<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
}

function argumentValue(node: ValueNode, variables: Record<string, unknown>): unknown {
  if (node.kind === Kind.VARIABLE) return variables[node.name.value];
  if (node.kind === Kind.INT) return Number(node.value);
  return undefined;
}

function unwrap(type: GraphQLOutputType): { list: boolean } {
  const inner = isNonNullType(type) ? type.ofType : type;
  return { list: isListType(inner) };
}

/** Items a field may return: a connection's `first` (or its default), a plain list a few, else one. */
function fanOut(
  parent: GraphQLObjectType,
  field: GraphQLField<unknown, unknown>,
  args: readonly { name: { value: string }; value: ValueNode }[],
  walk: Walk,
): number {
  // A connection's edges are its page, already counted by `first`.
  if (parent.name.endsWith('Connection') && field.name === 'edges') return 1;
  const named = getNamedType(field.type);
  if (named.name.endsWith('Connection')) {
    const given = args.find((a) => a.name.value === 'first');
    const first = given ? argumentValue(given.value, walk.variables) : field.args.find((a) => a.name === 'first')?.defaultValue;
    return typeof first === 'number' && first > 0 ? first : 50;
  }
  return unwrap(field.type).list ? PLAIN_LIST_SIZE : 1;
}

/** Depth and estimated cost (fields resolved, multiplied through lists) of one selection set. */
function measure(type: GraphQLObjectType, selections: SelectionSetNode, walk: Walk, seen: Set<string>): { depth: number; cost: number } {
  let depth = 0;
  let cost = 0;
  for (const selection of selections.selections) {
    if (selection.kind === Kind.FIELD) {
      const field = type.getFields()[selection.name.value];
      if (!field) continue;
      const named = getNamedType(field.type);
      let inner = { depth: 0, cost: 0 };
      if (selection.selectionSet && isObjectType(named)) inner = measure(named, selection.selectionSet, walk, seen);
      depth = Math.max(depth, 1 + inner.depth);
      cost += fanOut(type, field, selection.arguments ?? [], walk) * (1 + inner.cost);
    } else {
      const fragment = selection.kind === Kind.FRAGMENT_SPREAD ? walk.fragments[selection.name.value] : selection;
      if (!fragment || (selection.kind === Kind.FRAGMENT_SPREAD && seen.has(selection.name.value))) continue;
      const next = selection.kind === Kind.FRAGMENT_SPREAD ? new Set([...seen, selection.name.value]) : seen;
      const inner = measure(type, fragment.selectionSet, walk, next);
      depth = Math.max(depth, inner.depth);
      cost += inner.cost;
    }
  }
  return { depth, cost };
}

function refuse(key: string, params: Record<string, number>): GraphQLError {
  const messages = localize(key, params);
  return new GraphQLError(`${messages['zh-CN']} / ${messages.en}`, {
    extensions: { code: 'BAD_USER_INPUT', key, field: 'query', messages, ...params, http: { status: 400 } },
  });
}

/**
 * Refuses a query nested too deep or asking for too much before any resolver runs: `depth` counts
 * nested fields, `cost` multiplies fields by the page sizes they are asked through.
 */
export function queryLimitsPlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, operation, request, schema }) {
          if (!operation) return;
          const root = operation.operation === 'mutation' ? schema.getMutationType() : schema.getQueryType();
          if (!root) return;
          const fragments = Object.fromEntries(
            document.definitions
              .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
              .map((d) => [d.name.value, d]),
          );
          const { depth, cost } = measure(root, operation.selectionSet, { fragments, variables: request.variables ?? {} }, new Set());
          if (depth > MAX_QUERY_DEPTH) throw refuse('request/too-deep', { depth, max: MAX_QUERY_DEPTH });
          if (cost > MAX_QUERY_COST) throw refuse('request/too-costly', { cost, max: MAX_QUERY_COST });
        },
      };
    },
  };
}
