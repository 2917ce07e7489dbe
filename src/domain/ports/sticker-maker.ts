export interface StickerPackInfo {
  readonly packName?: string
  readonly publisher?: string
  readonly emojis?: readonly string[]
}

/** Turns an uploaded picture into a WhatsApp sticker (WebP, 512×512, size-limited, with pack metadata). */
export interface StickerMaker {
  make(image: Buffer, pack?: StickerPackInfo): Promise<Buffer>
}
