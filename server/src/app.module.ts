import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { GraphQLModule } from '@nestjs/graphql';
import { MikroOrmModule } from '@mikro-orm/nestjs';
import type { AppConfig } from './common/config.js';
import { APP_CONFIG } from './common/config.provider.js';
import { ormOptions } from './common/database/orm.config.js';
import { createValidationPipe, DomainErrorFilter, formatGraphQLError } from './common/errors.js';
import { RequestLoaders } from './common/loaders.js';
import { AccountsModule } from './accounts/accounts.module.js';
import { AuditLogModule, AuditModule } from './audit/audit.module.js';
import { CampaignsModule } from './campaigns/campaigns.module.js';
import { SessionsModule } from './sessions/sessions.module.js';
import { ProblemsModule } from './problems/problems.module.js';
import { CommitmentsModule } from './commitments/commitments.module.js';
import { FeedbackModule } from './feedback/feedback.module.js';
import { EvidenceModule } from './evidence/evidence.module.js';
import { ExportsModule } from './exports/exports.module.js';
import { ClockModule } from './common/clock.js';
import { AuthGuard } from './authorization/auth.guard.js';
import { ActorCache, ForgetCallersAfterMutations } from './authorization/actor-cache.js';
import { queryLimitsPlugin } from './common/query-limits.js';
import { CompiledQueries } from './common/compiled-queries.js';
import { withoutPropertyResolvers } from './common/property-fields.js';
import { DemoModule } from './demo/demo.module.js';
import { ImportsModule } from './imports/imports.module.js';
import { OrganizationsModule } from './organizations/organizations.module.js';
import { NotificationsModule } from './notifications/notifications.module.js';
import { RollupsModule } from './rollups/rollups.module.js';

export interface AppModuleOptions {
  config: AppConfig;
  databaseUrl: string;
  /** Write the SDL here (sorted) instead of keeping it in memory; used by `npm run schema`. */
  schemaFile?: string;
}

@Module({})
export class AppModule {
  static forRoot({ config, databaseUrl, schemaFile }: AppModuleOptions): DynamicModule {
    const production = config.nodeEnv === 'production';
    return {
      module: AppModule,
      global: true,
      imports: [
        MikroOrmModule.forRoot({ ...ormOptions(databaseUrl), registerRequestContext: true, autoLoadEntities: true }),
        GraphQLModule.forRoot<ApolloDriverConfig>({
          driver: ApolloDriver,
          path: '/graphql',
          autoSchemaFile: schemaFile ?? true,
          sortSchema: true,
          transformSchema: withoutPropertyResolvers,
          csrfPrevention: true,
          introspection: !production,
          playground: false,
          context: ({ req, res }: { req: unknown; res: unknown }) => ({ req, res, loaders: new RequestLoaders() }),
          formatError: (formatted) => formatGraphQLError(formatted, production),
          // No HTTP caching of GraphQL answers here: the cache-control plugin would only add a hook to every field.
          plugins: [queryLimitsPlugin(), ApolloServerPluginCacheControlDisabled()],
        }),
        ClockModule,
        AuditModule,
        AuditLogModule,
        ImportsModule,
        OrganizationsModule,
        AccountsModule,
        CampaignsModule,
        SessionsModule,
        EvidenceModule,
        ProblemsModule,
        CommitmentsModule,
        FeedbackModule,
        NotificationsModule,
        RollupsModule,
        ExportsModule,
        DemoModule,
      ],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: APP_PIPE, useFactory: createValidationPipe },
        { provide: APP_FILTER, useClass: DomainErrorFilter },
        ActorCache,
        ForgetCallersAfterMutations,
        CompiledQueries,
        { provide: APP_GUARD, useClass: AuthGuard },
      ],
      exports: [APP_CONFIG],
    };
  }
}
