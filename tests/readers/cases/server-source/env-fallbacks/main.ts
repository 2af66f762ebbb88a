import express from 'express';
const port = process.env.PORT || 3333;
const PORT = Number(process.env.API_PORT ?? 3334);
const config = { port: 3335 };
export const server = app.listen(port);
