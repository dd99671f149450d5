// RoB 2's algorithms against its guidance: the overall-judgement criteria (Sterne et al. BMJ 2019;366:l4898, and the
// guidance document of 22 August 2019, "Overall risk-of-bias judgement" table) and the "Algorithm for suggested
// judgement" flowcharts of domains 1, 4 and 5. Each case is one path of the published flowchart or one criterion.
import { describe, expect, it } from 'vitest';
import { rob2Domain1, rob2Domain4, rob2Domain5, rob2Overall, robinsIOverall, type Answer } from '../../src/appraisal/tools.js';
import { TOOLS } from '../../src/schema/appraisal.js';

describe('RoB 2 overall judgement (guidance criteria)', () => {
  it('low only when every domain is low', () => {
    expect(rob2Overall(['low', 'low', 'low', 'low', 'low']).judgement).toBe('low');
  });
  it('some concerns when at least one domain raises concerns and none is high', () => {
    expect(rob2Overall(['low', 'some concerns', 'low', 'low', 'low'])).toEqual({ judgement: 'some concerns' });
  });
  it('high when any domain is high, whatever the others', () => {
    expect(rob2Overall(['low', 'low', 'low', 'low', 'high']).judgement).toBe('high');
    expect(rob2Overall(['high', 'some concerns', 'low', 'low', 'low']).judgement).toBe('high');
  });
  it('several domains with some concerns: proposes some concerns and leaves "high" to the reviewer, as the guidance does', () => {
    const p = rob2Overall(['some concerns', 'some concerns', 'low', 'some concerns', 'low']);
    expect(p.judgement).toBe('some concerns');
    expect(p.note).toMatch(/substantially lower confidence/);
  });
  it('refuses anything but five domains', () => {
    expect(() => rob2Overall(['low', 'low'])).toThrow(/five domains/);
  });
});

describe('RoB 2 domain 1 (randomization process) flowchart', () => {
  const d1 = (a11: Answer, a12: Answer, a13: Answer) => rob2Domain1({ '1.1': a11, '1.2': a12, '1.3': a13 });
  it.each([
    // 1.2 concealed Y/PY → 1.1 random Y/PY/NI → 1.3 N/PN/NI: low; 1.3 Y/PY: some concerns
    ['Y', 'Y', 'N', 'low'], ['NI', 'PY', 'NI', 'low'], ['PY', 'Y', 'PY', 'some concerns'],
    // 1.2 Y/PY → 1.1 N/PN: some concerns
    ['N', 'Y', 'N', 'some concerns'], ['PN', 'PY', 'Y', 'some concerns'],
    // 1.2 NI → 1.3 N/PN/NI: some concerns; 1.3 Y/PY: high
    ['Y', 'NI', 'N', 'some concerns'], ['Y', 'NI', 'NI', 'some concerns'], ['Y', 'NI', 'Y', 'high'],
    // 1.2 N/PN: high
    ['Y', 'N', 'N', 'high'], ['Y', 'PN', 'NI', 'high'],
  ] as [Answer, Answer, Answer, string][])('1.1 %s, 1.2 %s, 1.3 %s → %s', (a, b, c, want) => {
    expect(d1(a, b, c)).toBe(want);
  });
});

describe('RoB 2 domain 4 (measurement of the outcome) flowchart', () => {
  it.each([
    [{ '4.1': 'Y', '4.2': 'N' }, 'high'],
    [{ '4.1': 'N', '4.2': 'PY' }, 'high'],
    // branch from 4.2 N/PN
    [{ '4.1': 'N', '4.2': 'N', '4.3': 'N' }, 'low'],
    [{ '4.1': 'NI', '4.2': 'PN', '4.3': 'Y', '4.4': 'PN' }, 'low'],
    [{ '4.1': 'N', '4.2': 'N', '4.3': 'NI', '4.4': 'Y', '4.5': 'N' }, 'some concerns'],
    [{ '4.1': 'N', '4.2': 'N', '4.3': 'Y', '4.4': 'Y', '4.5': 'PY' }, 'high'],
    // branch from 4.2 NI
    [{ '4.1': 'N', '4.2': 'NI', '4.3': 'N' }, 'some concerns'],
    [{ '4.1': 'N', '4.2': 'NI', '4.3': 'Y', '4.4': 'N' }, 'some concerns'],
    [{ '4.1': 'N', '4.2': 'NI', '4.3': 'Y', '4.4': 'Y', '4.5': 'PN' }, 'some concerns'],
    [{ '4.1': 'N', '4.2': 'NI', '4.3': 'Y', '4.4': 'NI', '4.5': 'NI' }, 'high'],
  ] as [Parameters<typeof rob2Domain4>[0], string][])('%o → %s', (q, want) => {
    expect(rob2Domain4(q)).toBe(want);
  });
});

describe('RoB 2 domain 5 (selection of the reported result) flowchart', () => {
  it.each([
    [{ '5.1': 'Y', '5.2': 'N', '5.3': 'PN' }, 'low'],
    [{ '5.1': 'NI', '5.2': 'N', '5.3': 'N' }, 'some concerns'],
    [{ '5.1': 'Y', '5.2': 'NI', '5.3': 'N' }, 'some concerns'],
    [{ '5.1': 'Y', '5.2': 'PY', '5.3': 'N' }, 'high'],
    [{ '5.1': 'Y', '5.2': 'NI', '5.3': 'Y' }, 'high'],
  ] as [Parameters<typeof rob2Domain5>[0], string][])('%o → %s', (q, want) => {
    expect(rob2Domain5(q)).toBe(want);
  });
});

describe('tools as data', () => {
  it('have the published domains and judgements', () => {
    expect(TOOLS.rob2.domains.map((d) => d.id)).toEqual(['D1', 'D2', 'D3', 'D4', 'D5', 'overall']);
    expect(TOOLS.robins_i.domains).toHaveLength(8);
    expect(TOOLS.jbi_case_series.domains).toHaveLength(10);
    expect(TOOLS.robins_i.judgements).toEqual(['low', 'moderate', 'serious', 'critical', 'no information']);
    for (const t of Object.values(TOOLS)) expect(t.judgements).toContain('no information');
  });
  it('ROBINS-I overall: worst domain; no information when nothing is serious but something is unknown (Sterne 2016, Table 2)', () => {
    expect(robinsIOverall(['low', 'moderate', 'low', 'low', 'low', 'low', 'low'])).toBe('moderate');
    expect(robinsIOverall(['low', 'no information', 'moderate', 'low', 'low', 'low', 'low'])).toBe('no information');
    expect(robinsIOverall(['serious', 'no information', 'low', 'low', 'low', 'low', 'low'])).toBe('serious');
    expect(robinsIOverall(['serious', 'critical', 'low', 'low', 'low', 'low', 'low'])).toBe('critical');
  });
});
