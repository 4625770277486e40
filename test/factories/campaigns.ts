import { today } from '../../server/src/common/dates.js';
import type { TestApp } from '../setup/test-app.js';

/** A campaign day (Beijing) `offset` days from today. */
export function day(offset: number): string {
  const date = new Date(`${today()}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + offset);
  return date.toISOString().slice(0, 10);
}

export const CAMPAIGN_FIELDS = 'id title status startsOn endsOn version requirements { id title kind sessionType minCount appliesTo }';

/** A campaign launched by the holder of `token` for the subtree of `scopeId`, running from 30 days ago to 60 days ahead. */
export async function launchCampaign(app: TestApp, token: string, scopeId: string, requirements?: unknown[]) {
  const { data, errors } = await app.gql<{ launchCampaign: { id: string; startsOn: string; endsOn: string; version: number } }>(
    `mutation($input: LaunchCampaignInput!) { launchCampaign(input: $input) { ${CAMPAIGN_FIELDS} } }`,
    {
      input: {
        title: '树立和践行正确政绩观学习教育',
        summary: '深入学习贯彻习近平新时代中国特色社会主义思想',
        scopeOrganizationId: scopeId,
        startsOn: day(-30),
        endsOn: day(60),
        requirements: requirements ?? [
          { title: '至少举办 2 期读书班', kind: 'SESSIONS', sessionType: 'READING_CLASS', minCount: 2, appliesTo: ['COMMITTEE', 'BRANCH'] },
          { title: '理论学习中心组专题学习', kind: 'SESSIONS', sessionType: 'CENTRAL_GROUP_STUDY', minCount: 1, appliesTo: ['COMMITTEE'] },
        ],
      },
    },
    token,
  );
  if (errors) throw new Error(JSON.stringify(errors));
  return data!.launchCampaign;
}

export function sessionInput(campaignId: string, organizationId: string, overrides: Record<string, unknown> = {}) {
  return {
    campaignId,
    organizationId,
    type: 'READING_CLASS',
    topic: '学习《习近平关于树立和践行正确政绩观论述摘编》',
    heldOn: day(-2),
    hours: 3,
    expectedAttendance: 20,
    actualAttendance: 18,
    audiences: ['TOP_LEADERS'],
    presenter: '张书记',
    location: '党员活动室',
    summary: '集中学习并交流研讨',
    ...overrides,
  };
}

export const LOG_SESSION = `mutation($input: LogStudySessionInput!) { logStudySession(input: $input) { id version heldOn type organization { id } } }`;
