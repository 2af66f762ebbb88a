export const PORT = process.env.PORT ?? 9000
function start() {
  const PORT = 1234
  return PORT
}
server.listen(PORT)
