/** What a message-level extractor adds: ECS fields, and native names kept in `original`. */
export interface ExtractedFields {
  fields: Record<string, string>;
  original: Record<string, string>;
}

export type MessageExtractor = (message: string, processName: string | undefined) => ExtractedFields | undefined;
