import type { Context } from 'koa'
import multer from 'multer'
import { formatByteSize } from './byte-size.ts'
import { HttpError } from './http-error.ts'
import type { UploadedFile } from './route.ts'

/**
 * Reads a multipart/form-data request held in memory: one file in `fileField` (at most `maxBytes`)
 * and text fields. Every way it can go wrong answers 4xx with what to change (413 when too large, declared
 * or found while reading), never the parser's own words.
 */
export async function readMultipart(ctx: Context, options: { fileField: string; maxBytes: number }): Promise<{ fields: Record<string, unknown>; file: UploadedFile }> {
  if (!ctx.request.is('multipart/form-data')) throw new HttpError(415, `send the request as multipart/form-data with a "${options.fileField}" file field`)
  const declared = Number(ctx.get('content-length') || NaN)
  if (declared > options.maxBytes + MAX_FIELDS_BYTES) throw tooLarge(options, { Connection: 'close' })
  if (ctx.get('content-encoding') && ctx.get('content-encoding').toLowerCase() !== 'identity') {
    throw new HttpError(415, 'multipart uploads are read without Content-Encoding; send the file as it is')
  }
  const upload = multer({ storage: multer.memoryStorage(), limits: { fileSize: options.maxBytes, files: 1, fields: MAX_FIELDS, fieldSize: MAX_FIELD_BYTES, parts: MAX_FIELDS + 1 } }).single(options.fileField)
  await new Promise<void>((resolve, reject) => {
    upload(ctx.req as never, ctx.res as never, (error: unknown) => (error ? reject(describe(error, options)) : resolve()))
  })
  const req = ctx.req as unknown as { file?: Express.Multer.File; body?: Record<string, unknown> }
  if (!req.file) throw new HttpError(400, `invalid body: ${options.fileField} is required (a file field)`)
  return {
    fields: { ...req.body },
    file: { fieldName: req.file.fieldname, fileName: req.file.originalname, mimetype: req.file.mimetype, bytes: req.file.buffer },
  }
}

const MAX_FIELDS = 20
const MAX_FIELD_BYTES = 64 * 1024
/** Room for the text fields and the part headers around the file. */
const MAX_FIELDS_BYTES = MAX_FIELDS * MAX_FIELD_BYTES

const tooLarge = (options: { fileField: string; maxBytes: number }, headers: Record<string, string> = {}) =>
  new HttpError(413, `${options.fileField} is larger than ${formatByteSize(options.maxBytes)}`, headers)

/** Multer's and busboy's own messages are not passed on: they name the library, not what to change. */
function describe(error: unknown, options: { fileField: string; maxBytes: number }): HttpError {
  const code = (error as { code?: string }).code
  if (code === 'LIMIT_FILE_SIZE') return tooLarge(options)
  if (code === 'LIMIT_UNEXPECTED_FILE' || code === 'LIMIT_FILE_COUNT') return new HttpError(400, `send exactly one file, in the "${options.fileField}" field`)
  if (code === 'LIMIT_FIELD_VALUE' || code === 'LIMIT_PART_COUNT' || code === 'LIMIT_FIELD_COUNT' || code === 'LIMIT_FIELD_KEY') {
    return new HttpError(413, `the upload has too many or too long text fields (at most ${MAX_FIELDS}, each up to ${MAX_FIELD_BYTES / 1024} KB)`)
  }
  return new HttpError(400, `the multipart body could not be read: send multipart/form-data with its boundary and one "${options.fileField}" file field`)
}
