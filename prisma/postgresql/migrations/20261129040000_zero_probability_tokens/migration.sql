-- How many tokens had probability 0 (logprob −∞), kept at ingest so the explorer's row can say
-- the sequence and lowest token probability are 0 without decoding the tokens. NULL on the rows
-- stored before: the row then shows the probabilities over the finite tokens, as it did.
ALTER TABLE "responses" ADD COLUMN "zero_probability_tokens" INTEGER;
