import { DateTime, IANAZone } from 'luxon'
import { ValidationError } from '../errors.ts'
import { isWithinStorableYears, STORABLE_YEARS } from '../time/storable-years.ts'

export function isTimeZone(zone: string): boolean {
  return IANAZone.isValidZone(zone)
}

/**
 * The moment a `sendAt` names. With an offset or Z it is absolute; without one ("2026-01-15T09:00:00",
 * as in the seed) it is a wall-clock time in `timeZone` (SCHEDULER_TIMEZONE), DST included.
 */
export function parseSendAt(input: string, timeZone: string): Date {
  const parsed = DateTime.fromISO(input.trim(), { zone: timeZone, setZone: true })
  if (!parsed.isValid) throw new ValidationError(`sendAt: ${input} is not an ISO 8601 date-time such as 2026-01-15T09:00:00 or 2026-01-15T09:00:00+07:00 (${parsed.invalidExplanation ?? parsed.invalidReason})`)
  if (!/T\d{2}:\d{2}/.test(input)) throw new ValidationError(`sendAt: ${input} has no time of day; write e.g. ${input.trim()}T09:00:00`)
  // Postgres timestamptz and luxon disagree far outside this; no schedule needs more.
  if (!isWithinStorableYears(parsed.toJSDate())) throw new ValidationError(`sendAt: ${input} is out of range; give a date between the years ${STORABLE_YEARS.min} and ${STORABLE_YEARS.max}`)
  return parsed.toJSDate()
}
