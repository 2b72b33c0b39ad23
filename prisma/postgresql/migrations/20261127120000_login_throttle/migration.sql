-- Login throttling lives in the database, so every app instance counts the same failures:
-- one row per throttle key (an address, or an address and email), its window and failure count.
-- CreateTable
CREATE TABLE "login_throttle" (
    "key" TEXT NOT NULL,
    "window_start" BIGINT NOT NULL,
    "failures" INTEGER NOT NULL,

    CONSTRAINT "login_throttle_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "login_throttle_window_start_idx" ON "login_throttle"("window_start");
