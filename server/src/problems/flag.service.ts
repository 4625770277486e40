import { Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import { pgArray } from '../common/sql.js';
import { isConcreteDeliverable, signature, similarity, SIMILARITY_THRESHOLD, trigrams } from './formalism.js';
import { FlagKind } from './problem.enums.js';
import type { Problem } from './problem.entity.js';

// Texts this short say too little to call one a copy of another.
const MIN_GRAMS = 5;

interface Candidate {
  id: string;
  problem_id: string;
  grams: string[];
}

/** 形式主义 flags of a problem, recomputed from its current text whenever it is written. */
@Injectable()
export class FlagService {
  async recompute(em: EntityManager, problem: Problem): Promise<void> {
    const campaignId = problem.campaign.id;
    const organizationId = problem.organization.id;
    const flags: { kind: FlagKind; measureId?: string; similarProblemId?: string; similarity?: number }[] = [];

    const grams = trigrams(problem.description);
    const prefix = signature(grams);
    await em.execute('UPDATE problem SET grams = ?::text[], signature = ?::text[] WHERE id = ?', [
      pgArray(grams.map(quote)),
      pgArray(prefix.map(quote)),
      problem.id,
    ]);
    const copied = await this.mostSimilar(
      em,
      grams,
      `SELECT p.id, p.id AS problem_id, p.grams FROM problem p
       WHERE p.campaign_id = ? AND p.organization_id <> ? AND p.signature && ?::text[]`,
      [campaignId, organizationId, pgArray(prefix.map(quote))],
    );
    if (copied) flags.push({ kind: FlagKind.SIMILAR_DESCRIPTION, similarProblemId: copied.problemId, similarity: copied.similarity });

    for (const measure of problem.measures.getItems()) {
      if (!measure.deadline) flags.push({ kind: FlagKind.NO_DEADLINE, measureId: measure.id });
      if (!isConcreteDeliverable(measure.deliverable)) flags.push({ kind: FlagKind.NO_DELIVERABLE, measureId: measure.id });
      const measureGrams = trigrams(measure.content);
      const measurePrefix = signature(measureGrams);
      await em.execute('UPDATE problem_measure SET grams = ?::text[], signature = ?::text[] WHERE id = ?', [
        pgArray(measureGrams.map(quote)),
        pgArray(measurePrefix.map(quote)),
        measure.id,
      ]);
      const match = await this.mostSimilar(
        em,
        measureGrams,
        `SELECT m.id, m.problem_id, m.grams FROM problem_measure m JOIN problem p ON p.id = m.problem_id
         WHERE p.campaign_id = ? AND p.organization_id <> ? AND m.signature && ?::text[]`,
        [campaignId, organizationId, pgArray(measurePrefix.map(quote))],
      );
      if (match)
        flags.push({
          kind: FlagKind.SIMILAR_MEASURE,
          measureId: measure.id,
          similarProblemId: match.problemId,
          similarity: match.similarity,
        });
    }

    await em.execute('DELETE FROM formalism_flag WHERE problem_id = ?', [problem.id]);
    for (const flag of flags) {
      await em.execute(
        `INSERT INTO formalism_flag (problem_id, campaign_id, organization_id, kind, measure_id, similar_problem_id, similarity) VALUES (?, ?, ?, ?, ?, ?, ?)`,
        [problem.id, campaignId, organizationId, flag.kind, flag.measureId ?? null, flag.similarProblemId ?? null, flag.similarity ?? null],
      );
    }
  }

  private async mostSimilar(em: EntityManager, grams: string[], sql: string, params: unknown[]) {
    if (grams.length < MIN_GRAMS) return undefined;
    const candidates = await em.execute<Candidate[]>(`${sql} LIMIT 500`, params);
    let best: { problemId: string; similarity: number } | undefined;
    for (const candidate of candidates) {
      const score = similarity(grams, candidate.grams);
      if (score >= SIMILARITY_THRESHOLD && (!best || score > best.similarity))
        best = { problemId: String(candidate.problem_id), similarity: score };
    }
    return best;
  }
}

// Array literal elements: trigrams may hold quotes, commas or braces (letters and digits only, but of any script).
const quote = (gram: string) => `"${gram.replace(/["\\]/g, (c) => `\\${c}`)}"`;
