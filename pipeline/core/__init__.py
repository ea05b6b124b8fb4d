"""The bottom layer: the document model, the result, settings, errors, and the small pure helpers
(text normalisation, parsing of values, 字数, fonts, identities) that every layer above uses."""
