import { type ArgumentMetadata, ArgumentsHost, Catch, HttpException, Logger, ValidationPipe, type ExceptionFilter } from '@nestjs/common';
import type { ValidationError } from 'class-validator';
import type { Response } from 'express';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { localize, type LocalizedMessages, type Params } from './i18n/messages.js';

export type ErrorCode = 'BAD_USER_INPUT' | 'NOT_FOUND' | 'CONFLICT' | 'FORBIDDEN' | 'UNAUTHENTICATED' | 'INTERNAL_SERVER_ERROR';

const HTTP_STATUS: Record<ErrorCode, number> = {
  BAD_USER_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  INTERNAL_SERVER_ERROR: 500,
};

export interface FieldProblem {
  field: string;
  key: string;
  params: Params;
  messages: LocalizedMessages;
}

/** A domain rule said no. `key` is stable (`organization/cycle`); services throw it, one filter maps it. */
export class DomainError extends Error {
  readonly messages: LocalizedMessages;
  constructor(
    readonly code: ErrorCode,
    readonly key: string,
    readonly params: Params = {},
    readonly field?: string,
    /** Extra extensions, e.g. the current state on CONFLICT or every invalid field. */
    readonly details: Record<string, unknown> = {},
  ) {
    const messages = localize(key, { field, ...params });
    super(`${messages['zh-CN']} / ${messages.en}`);
    this.messages = messages;
  }

  static badInput(field: string, key: string, params: Params = {}): DomainError {
    return new DomainError('BAD_USER_INPUT', key, params, field);
  }

  toExtensions(): Record<string, unknown> {
    return { code: this.code, key: this.key, field: this.field, messages: this.messages, ...this.details };
  }

  toGraphQLError(): GraphQLError {
    return new GraphQLError(this.message, { extensions: this.toExtensions() });
  }

  get httpStatus(): number {
    return HTTP_STATUS[this.code];
  }
}

// Fields checked against a pattern, and what to tell people about that pattern.
const MATCH_KEYS: Record<string, string> = { username: 'user/username-format', evidence: 'evidence/digest', document: 'evidence/digest' };

const CONSTRAINT_KEYS: Record<string, (error: ValidationError) => [string, Params]> = {
  isNotEmpty: () => ['validation/required', {}],
  isDefined: () => ['validation/required', {}],
  maxLength: (e) => ['validation/maxLength', { max: e.contexts?.maxLength?.max ?? maxFrom(e, 'maxLength') }],
  min: (e) => ['validation/min', { min: maxFrom(e, 'min') }],
  max: (e) => ['validation/max', { max: maxFrom(e, 'max') }],
  isInt: () => ['validation/integer', {}],
  matches: (e) => [MATCH_KEYS[e.property] ?? 'validation/codeFormat', {}],
  isEnum: (e) => ['validation/enum', { value: String(e.value) }],
  isCalendarDate: () => ['validation/date', {}],
  isPositive: () => ['validation/positive', {}],
  arrayMinSize: () => ['validation/required', {}],
  arrayMaxSize: () => ['validation/invalid', {}],
};

// class-validator keeps the limit only inside its English message ("... must not be less than 0").
function maxFrom(error: ValidationError, constraint: string): number | undefined {
  const match = /(-?\d+)\D*$/.exec(error.constraints?.[constraint] ?? '');
  return match ? Number(match[1]) : undefined;
}

function flatten(errors: ValidationError[]): FieldProblem[] {
  return errors.flatMap((error) => {
    if (error.children?.length) return flatten(error.children);
    const constraint = Object.keys(error.constraints ?? {})[0] ?? 'invalid';
    const [key, params] = CONSTRAINT_KEYS[constraint]?.(error) ?? ['validation/invalid', {}];
    return [{ field: error.property, key, params, messages: localize(key, { field: error.property, ...params }) }];
  });
}

// A NUL or a lone surrogate: PostgreSQL refuses the first, and the second would not be stored as written.
const UNSTORABLE = /\0|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The first field (by name) holding text that cannot be stored as written. */
function unstorableField(value: unknown, field: string): string | undefined {
  if (typeof value === 'string') return UNSTORABLE.test(value) ? field : undefined;
  if (Array.isArray(value)) return value.map((v) => unstorableField(v, field)).find(Boolean);
  // Only what arrived over the wire (plain objects), never an entity a resolver received as its parent.
  const proto: unknown = value && typeof value === 'object' ? Object.getPrototypeOf(value) : undefined;
  if (proto === Object.prototype || proto === null) {
    return Object.entries(value as object)
      .map(([key, v]) => unstorableField(v, key))
      .find(Boolean);
  }
  return undefined;
}

class InputValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const field = metadata.type === 'custom' ? undefined : unstorableField(value, metadata.data ?? 'input');
    if (field) throw DomainError.badInput(field, 'validation/text');
    return super.transform(value, metadata);
  }
}

/** class-validator on every input; the first bad field names the error, all of them are listed. */
export function createValidationPipe(): ValidationPipe {
  return new InputValidationPipe({
    transform: true,
    whitelist: true,
    forbidNonWhitelisted: true,
    exceptionFactory: (errors) => {
      const problems = flatten(errors);
      const first = problems[0];
      const fields = problems.map(({ field, key, messages }) => ({ field, key, messages }));
      return new DomainError('BAD_USER_INPUT', first.key, first.params, first.field, { fields });
    },
  });
}

/** The edge: domain errors become GraphQL errors or JSON bodies; anything else is logged and hidden. */
@Catch()
export class DomainErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost) {
    const graphql = host.getType<string>() === 'graphql';
    const multipart =
      !graphql && /^multipart\//.test(host.switchToHttp().getRequest<{ headers: Record<string, string> }>().headers['content-type'] ?? '');
    const error = this.toDomainError(exception, multipart);
    if (graphql) return error.toGraphQLError();
    const response = host.switchToHttp().getResponse<Response>();
    response.status(error.httpStatus).json({ message: error.message, ...error.toExtensions() });
  }

  private toDomainError(exception: unknown, multipart: boolean): DomainError {
    if (exception instanceof DomainError) return exception;
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      // In a multipart upload only the file can be too large; name it so the form can say which.
      if (status === 413) return new DomainError('BAD_USER_INPUT', 'request/too-large', {}, multipart ? 'file' : undefined);
      if (status === 404) return new DomainError('NOT_FOUND', 'validation/invalid', {}, 'path');
      if (status < 500) return new DomainError('BAD_USER_INPUT', 'validation/invalid', {}, 'request');
    }
    this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    return new DomainError('INTERNAL_SERVER_ERROR', 'internal/error');
  }
}

/**
 * Errors raised by GraphQL itself before any resolver runs (a variable of the wrong type, an enum
 * value that does not exist) get the same shape as domain errors, naming the field.
 */
export function formatGraphQLError(formatted: GraphQLFormattedError, production: boolean): GraphQLFormattedError {
  const extensions = { ...formatted.extensions };
  if (production) delete extensions.stacktrace;
  if (extensions.key) return { ...formatted, extensions };
  const badValue =
    extensions.code === 'BAD_USER_INPUT' ||
    (extensions.code === 'GRAPHQL_VALIDATION_FAILED' && /cannot represent|Expected value of type/.test(formatted.message));
  if (badValue) {
    const path = /at "([^"]+)"/.exec(formatted.message)?.[1] ?? /argument "(\w+)"/.exec(formatted.message)?.[1];
    const field = path
      ?.split('.')
      .pop()
      ?.replace(/\[\d+\]$/, '');
    const enumValue = /Value "([^"]*)" does not exist in "\w+" enum/.exec(formatted.message)?.[1];
    const key = enumValue !== undefined ? 'validation/enum' : 'validation/invalid';
    const messages = localize(key, { field: field ?? 'input', value: enumValue });
    return {
      ...formatted,
      message: `${messages['zh-CN']} / ${messages.en}`,
      extensions: { ...extensions, code: 'BAD_USER_INPUT', key, field, messages, detail: formatted.message },
    };
  }
  return { ...formatted, extensions };
}
