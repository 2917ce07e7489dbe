import type { OutboundContent, ResolvedContent } from '../messages/outbound.ts'

/** Turns media named in a send (URL or inline data) into checked bytes, on the node that will send them. */
export interface MediaResolver {
  resolve(content: OutboundContent): Promise<ResolvedContent>
}
