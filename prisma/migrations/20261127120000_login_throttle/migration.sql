-- Login throttling lives in the database, so every app instance counts the same failures:
-- one row per throttle key (an address, or an address and email), its window and failure count.
-- CreateTable
CREATE TABLE "login_throttle" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "window_start" DATETIME NOT NULL,
    "failures" INTEGER NOT NULL
);

-- CreateIndex
CREATE INDEX "login_throttle_window_start_idx" ON "login_throttle"("window_start");
