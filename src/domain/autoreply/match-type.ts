/** How a rule's keyword is compared with a message (the seed's match types). */
export const MATCH_TYPES = ['EXACT', 'CONTAINS', 'REGEX'] as const
export type MatchType = (typeof MATCH_TYPES)[number]
