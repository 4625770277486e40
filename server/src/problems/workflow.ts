import { ProblemResolution, ProblemStatus, RecordAction } from './problem.enums.js';

/** Who takes a step: the unit's own secretary, or a leader of a unit above it (never the unit itself). */
export type Party = 'UNIT' | 'ABOVE';

interface Step {
  party: Party;
  from: readonly ProblemStatus[];
  /** The status after the step; absent: unchanged. */
  to?: ProblemStatus;
  resolution?: ProblemResolution | null;
}

const { OPEN, IN_PROGRESS, RECTIFIED, VERIFIED } = ProblemStatus;
const WORKING = [OPEN, IN_PROGRESS] as const;

/** The workflow of DESIGN.md: every step a problem may take, from which statuses, by whom. */
export const STEPS: Readonly<Record<Exclude<RecordAction, RecordAction.REPORTED | RecordAction.FIX_LINKED>, Step>> = {
  [RecordAction.UPDATED]: { party: 'UNIT', from: WORKING },
  [RecordAction.DEADLINE_CHANGED]: { party: 'UNIT', from: WORKING },
  [RecordAction.PROGRESS]: { party: 'UNIT', from: WORKING, to: IN_PROGRESS },
  [RecordAction.MEASURE_COMPLETED]: { party: 'UNIT', from: WORKING, to: IN_PROGRESS },
  [RecordAction.SUBMITTED]: { party: 'UNIT', from: WORKING, to: RECTIFIED, resolution: ProblemResolution.FIXED },
  [RecordAction.EXPLAINED]: { party: 'UNIT', from: WORKING, to: RECTIFIED, resolution: ProblemResolution.NOT_A_PROBLEM },
  [RecordAction.VERIFIED]: { party: 'ABOVE', from: [RECTIFIED], to: VERIFIED },
  [RecordAction.REJECTED]: { party: 'ABOVE', from: [RECTIFIED], to: IN_PROGRESS, resolution: null },
  [RecordAction.REOPENED]: { party: 'ABOVE', from: [VERIFIED], to: IN_PROGRESS, resolution: null },
  // Sending back a flagged item asks the unit to redo it: a submitted one goes back to work.
  [RecordAction.SENT_BACK]: { party: 'ABOVE', from: [OPEN, IN_PROGRESS, RECTIFIED] },
};

export type WorkflowAction = keyof typeof STEPS;

/** The status after `action`, or undefined when the workflow does not allow it from `status`. */
export function nextStatus(action: WorkflowAction, status: ProblemStatus): ProblemStatus | undefined {
  const step = STEPS[action];
  if (!step.from.includes(status)) return undefined;
  if (action === RecordAction.SENT_BACK) return status === RECTIFIED ? IN_PROGRESS : status;
  return step.to ?? status;
}

/** The steps a party may take now, for the buttons a caller sees. */
export function availableSteps(status: ProblemStatus, parties: readonly Party[]): WorkflowAction[] {
  return (Object.keys(STEPS) as WorkflowAction[]).filter(
    (action) => parties.includes(STEPS[action].party) && STEPS[action].from.includes(status),
  );
}
