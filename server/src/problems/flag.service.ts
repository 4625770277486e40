import { Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import { isConcreteDeliverable, signature, SIMILARITY_THRESHOLD, trigrams } from './formalism.js';
import { FlagKind } from './problem.enums.js';
import type { Problem } from './problem.entity.js';

// Texts this short say too little to call one a copy of another.
const MIN_GRAMS = 5;

interface Flag {
  kind: FlagKind;
  measureId?: string;
  similarProblemId?: string;
  similarity?: number;
}

/** 形式主义 flags of a problem, recomputed from its current text whenever it is written. */
@Injectable()
export class FlagService {
  async recompute(em: EntityManager, problem: Problem): Promise<void> {
    const flags: Flag[] = [];
    const scope = { campaignId: problem.campaign.id, organizationId: problem.organization.id };

    const grams = trigrams(problem.description);
    await this.storeGrams(em, 'problem', problem.id, grams);
    const copied = await this.mostSimilar(em, 'problem', grams, scope);
    if (copied) flags.push({ kind: FlagKind.SIMILAR_DESCRIPTION, ...copied });

    for (const measure of problem.measures.getItems()) {
      if (!measure.deadline) flags.push({ kind: FlagKind.NO_DEADLINE, measureId: measure.id });
      if (!isConcreteDeliverable(measure.deliverable)) flags.push({ kind: FlagKind.NO_DELIVERABLE, measureId: measure.id });
      const measureGrams = trigrams(measure.content);
      await this.storeGrams(em, 'problem_measure', measure.id, measureGrams);
      const match = await this.mostSimilar(em, 'problem_measure', measureGrams, scope);
      if (match) flags.push({ kind: FlagKind.SIMILAR_MEASURE, measureId: measure.id, ...match });
    }

    await em.execute('DELETE FROM formalism_flag WHERE problem_id = ?', [problem.id]);
    if (flags.length === 0) return;
    const column = <T>(read: (f: Flag) => T) => flags.map(read);
    await sql`INSERT INTO formalism_flag (problem_id, campaign_id, organization_id, kind, measure_id, similar_problem_id, similarity)
      SELECT ${problem.id}, ${scope.campaignId}, ${scope.organizationId}, * FROM unnest(${column((f) => f.kind)}::text[],
        ${column((f) => f.measureId ?? null)}::bigint[], ${column((f) => f.similarProblemId ?? null)}::bigint[],
        ${column((f) => f.similarity ?? null)}::real[])`.execute(em.getKysely());
  }

  private async storeGrams(em: EntityManager, table: 'problem' | 'problem_measure', id: string, grams: string[]) {
    await sql`UPDATE ${sql.table(table)} SET grams = ${grams}::text[], signature = ${signature(grams)}::text[] WHERE id = ${id}`.execute(
      em.getKysely(),
    );
  }

  /**
   * The most similar text of another unit in the campaign, if at or above the threshold. The
   * signature index finds every candidate (prefix filtering); the length bound and the exact score
   * are computed in SQL, so no candidate is dropped however common its words are.
   */
  private async mostSimilar(
    em: EntityManager,
    table: 'problem' | 'problem_measure',
    grams: string[],
    scope: { campaignId: number; organizationId: number },
  ): Promise<{ similarProblemId: string; similarity: number } | undefined> {
    if (grams.length < MIN_GRAMS) return undefined;
    const from =
      table === 'problem' ? sql`problem t JOIN problem p ON p.id = t.id` : sql`problem_measure t JOIN problem p ON p.id = t.problem_id`;
    const { rows } = await sql<{ problem_id: string; score: number }>`
      SELECT problem_id, shared::float / (${grams.length} + size - shared) AS score FROM (
        SELECT p.id AS problem_id, cardinality(t.grams) AS size,
               (SELECT count(*) FROM unnest(t.grams) g WHERE g = ANY(${grams}::text[])) AS shared
        FROM ${from}
        WHERE p.campaign_id = ${scope.campaignId} AND p.organization_id <> ${scope.organizationId}
          AND t.signature && ${signature(grams)}::text[]
          AND cardinality(t.grams) BETWEEN ${Math.ceil(grams.length * SIMILARITY_THRESHOLD)} AND ${Math.floor(grams.length / SIMILARITY_THRESHOLD)}
      ) c
      WHERE shared::float / (${grams.length} + size - shared) >= ${SIMILARITY_THRESHOLD}
      ORDER BY score DESC, problem_id LIMIT 1`.execute(em.getKysely());
    return rows[0] ? { similarProblemId: String(rows[0].problem_id), similarity: Number(rows[0].score) } : undefined;
  }
}
