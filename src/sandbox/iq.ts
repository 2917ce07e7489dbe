/** iq plumbing: result/error replies and the handler registry keyed by `xmlns`. */
import { getAllBinaryNodeChildren } from '@whiskeysockets/baileys'
import type { BinaryNode } from '@whiskeysockets/baileys'
import { SERVER_JID, TAG } from './constants.ts'

/** Thrown by an iq handler to answer `<iq type="error"><error code text/></iq>`. */
export class IqError extends Error {
  readonly code: string
  readonly text: string
  constructor(code: number | string, text: string) {
    super(`${code} ${text}`)
    this.code = String(code)
    this.text = text
  }
}

export const IQ_NOT_FOUND = () => new IqError(404, 'item-not-found')
export const IQ_BAD_REQUEST = () => new IqError(400, 'bad-request')
export const IQ_NOT_AUTHORIZED = () => new IqError(401, 'not-authorized')

/** The `from` of a reply: the entity the query was addressed to (the server, a group...). */
const replyFrom = (query: BinaryNode) => query.attrs.to ?? SERVER_JID

export function iqResult(query: BinaryNode, content?: BinaryNode[]): BinaryNode {
  return {
    tag: TAG.iq,
    attrs: { id: query.attrs.id ?? '', type: 'result', from: replyFrom(query) },
    ...(content && content.length ? { content } : {}),
  }
}

export function iqError(query: BinaryNode, error: IqError): BinaryNode {
  return {
    tag: TAG.iq,
    attrs: { id: query.attrs.id ?? '', type: 'error', from: replyFrom(query) },
    content: [{ tag: 'error', attrs: { code: error.code, text: error.text } }],
  }
}

/** The first child, which names the operation of most queries (`<count/>`, `<ping/>`, `<props/>`...). */
export const firstChild = (node: BinaryNode): BinaryNode | undefined => getAllBinaryNodeChildren(node)[0]

/** What an iq handler returns: the content of the result iq (or nothing for an empty result). */
export type IqReply = BinaryNode[] | undefined
