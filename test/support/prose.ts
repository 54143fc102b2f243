/**
 * Prose for the 一/五/六 sections. The figures it states (本年新收…N件 etc.) agree with the
 * table, so a consistent report raises no `text.mismatch`.
 */
import type { Rng } from './prng.ts';
import type { ReportValues } from './types.ts';

const OPENINGS = [
  '坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻落实《中华人民共和国政府信息公开条例》，以公开为常态、不公开为例外，',
  '深入贯彻党中央、国务院关于全面推进政务公开工作的决策部署，围绕中心工作，',
  '认真落实上级政务公开工作要点，',
];
const PROBLEMS = [
  '存在的问题：一是公开形式和载体不够丰富，图文并茂公开信息较少；二是信息公开及时性有待提升。',
  '政府信息公开工作取得一定成效，但仍存在公开内容不够深入、解读形式较为单一等问题。',
];
const FIXES = [
  '改进措施：一是加强业务培训，提高公开意识；二是完善审核发布机制，确保信息公开及时准确。',
  '下一步，我单位将进一步优化栏目结构，丰富公开内容，拓展互动渠道，提升政务公开质效。',
];

export function makeProse(rng: Rng, agency: string, year: number, values: ReportValues) {
  const total = (row: string) => values.requests[row]?.total ?? 0;
  const reviews = values.appeals.cases?.review_total ?? 0;
  const suits =
    (values.appeals.cases?.suit_direct_total ?? 0) + (values.appeals.cases?.suit_after_review_total ?? 0);
  const overview = [
    `${year}年，${agency}${rng.pick(OPENINGS)}扎实推进政府信息公开工作。`,
    `（一）主动公开。全年通过门户网站主动公开政府信息${rng.int(12, 900)}条，政策解读${rng.int(0, 20)}篇。`,
    `（二）依申请公开。本年新收政府信息公开申请${total('new_received')}件，上年结转政府信息公开申请${total('carried_over')}件，结转下年度继续办理${total('carried_forward')}件，均依法按时答复。`,
    `（三）监督保障。本年度发生政府信息公开行政复议${reviews}件，行政诉讼${suits}件。`,
  ].join('\n');
  return {
    overview,
    problems: `${rng.pick(PROBLEMS)}\n${rng.pick(FIXES)}`,
    other: rng.chance(0.7) ? '无' : `本年度未收取信息处理费。`,
  };
}
