/** The Avro codec (AvroCodec) shared by every handler of an app. */
export const CODEC = Symbol('CODEC');
/** The resolved topic names (Topics), prefix applied. */
export const TOPICS = Symbol('TOPICS');
/** The app's validated configuration. */
export const SERVICE_CONFIG = Symbol('SERVICE_CONFIG');
