import cors from "cors";
import express, { type Express } from "express";

export const createServer = (): Express => {
  const app = express();
  app.disable("x-powered-by").use(express.json()).use(cors());
  app.get("/status", (_, res) => res.json({ ok: true }));
  return app;
};
