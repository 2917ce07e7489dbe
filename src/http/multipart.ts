import type { Context } from 'koa'
import multer from 'multer'
import { HttpError } from './http-error.ts'
import type { UploadedFile } from './route.ts'

/**
 * Reads a multipart/form-data request held in memory: one file in `fileField` (at most `maxBytes`)
 * and text fields. Every way it can go wrong answers 400 with what to change.
 */
export async function readMultipart(ctx: Context, options: { fileField: string; maxBytes: number }): Promise<{ fields: Record<string, unknown>; file: UploadedFile }> {
  if (!ctx.request.is('multipart/form-data')) throw new HttpError(400, `send the request as multipart/form-data with a "${options.fileField}" file field`)
  const upload = multer({ storage: multer.memoryStorage(), limits: { fileSize: options.maxBytes, files: 1, fields: 20, fieldSize: 64 * 1024 } }).single(options.fileField)
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

function describe(error: unknown, options: { fileField: string; maxBytes: number }): HttpError {
  const code = (error as { code?: string }).code
  if (code === 'LIMIT_FILE_SIZE') return new HttpError(400, `${options.fileField} is larger than ${Math.round(options.maxBytes / 1024 / 1024)} MB`)
  if (code === 'LIMIT_UNEXPECTED_FILE') return new HttpError(400, `send exactly one file, in the "${options.fileField}" field`)
  if (code?.startsWith('LIMIT_')) return new HttpError(400, `the upload is too large or has too many parts (${code})`)
  return new HttpError(400, `the multipart body could not be read: ${(error as Error).message}`)
}
