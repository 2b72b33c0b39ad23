/**
 * BLOB_SHAPES (./blobShapes.ts) as the v1 encoder (raw DEFLATE, before Brotli) wrote them, base64:
 * every database written before blob v2 holds such blobs, and they must keep decoding.
 */
export const V1_BLOBS: Record<string, string> = {
  mixed: "Y2TlZPVIzcnJZ2TyyGRkUyjPL8pJYWRTKMlILUplZFRk5IipSDWKqbAwYHnUwGxTbMfAWMHAwMjAxMjAyMTEwMzCysDAxsjAzsHA0MHAcJYBBFwZGM6AGV4TXpxxaDjQwLDnwIG9B/bX/2cAAA==",
  nullLogprobs: "Y2RiYkxkZExiYGBgYGRkYGQAgwMHGOrr9wMA",
  partialUtf8: "Y2RiZn6/fy/LoyYQxfwITK5hYGJkYGRiZGQ6yzDrDMNMH4aZ+w7sAwA=",
  emptyTop: "Y2RiYsnPy6lkZFdIzsgvTs1jZGBgAGEGBgaHA/v3AwA=",
  unicodeAndLong: "Y2Ri4Xw2femzOWterJrHyPJh/owGxjVMFaOAaMCYcngl7SEjAxMjAyMTIwMzFwMDw3UGBgblAwwOew4cOAAA",
  empty: "Y2RgAAA=",
};
