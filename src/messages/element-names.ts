/**
 * Tag names said in messages, passed as placeholders: lit-localize writes
 * `<` and `>` of a translated plain string as `&lt;` and `&gt;`, which a
 * text binding would show as they are. Placeholders also keep them out of
 * translators' hands.
 */
export const PROVIDER_TAG = '<jodo-provider>';
export const CALL_GUIDE_TAG = '<jodo-call-guide>';
