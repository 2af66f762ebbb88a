-- Headless Neovim with the README's config (init_portlint.lua): wait until the current buffer shows the
-- "port held by a foreign process" diagnostic, write what it saw to PORTLINT_NVIM_RESULT, quit.
-- Exit code 0 when it came, 1 when it did not within PORTLINT_NVIM_WAIT_MS.
local HELD = "port-held-by-foreign-process"
local wait_ms = tonumber(os.getenv("PORTLINT_NVIM_WAIT_MS") or "30000")

local function held()
  for _, d in ipairs(vim.diagnostic.get(0)) do
    if d.code == HELD and d.source == "portlint" then
      return d
    end
  end
  return nil
end

local came = vim.wait(wait_ms, function()
  return held() ~= nil
end, 20)
local d = held()
local clients = {}
for _, client in pairs(vim.lsp.buf_get_clients(0)) do
  table.insert(clients, client.name)
end
local file = assert(io.open(assert(os.getenv("PORTLINT_NVIM_RESULT")), "w"))
file:write(vim.json.encode({
  stage = came and "done" or "timed out waiting for " .. HELD,
  clients = clients,
  diagnostic = d and { lnum = d.lnum, col = d.col, end_col = d.end_col } or vim.NIL,
}))
file:close()
for _, client in pairs(vim.lsp.get_active_clients()) do
  client.stop(not came)
end
if came then
  vim.wait(wait_ms, function()
    return #vim.lsp.get_active_clients() == 0
  end, 20)
end
vim.cmd(came and "qall!" or "cquit 1")
