-- Headless Neovim (0.7.2+) drives the portlint language server through Neovim's own LSP client:
-- open a config file, wait for the "port held by a foreign process" diagnostic, take the preferred
-- "Switch to free port N" quick fix, apply its WorkspaceEdit, :write, and wait until the diagnostic goes.
--
-- Run by tests/editors/test_neovim.py as
--   timeout 180 nvim --headless --clean -u NONE -i NONE -n -c "lua <pcall(dofile, 'neovim_quickfix.lua')>"
-- with its inputs in the environment (below). It writes what it saw to PORTLINT_NVIM_RESULT as JSON after
-- every step, so a run cut short by `timeout` still says how far it got. Exit code: 0 done, 1 a step
-- failed (the reason is in the result file).
--
-- Only APIs present in 0.7.2 are used: vim.lsp.start_client + buf_attach_client (vim.lsp.start is 0.8+).

local HELD = "port-held-by-foreign-process"

local function input(name)
  local value = os.getenv(name)
  if value == nil or value == "" then
    error(name .. " is not set", 0)
  end
  return value
end

local result = { stage = "starting", nvim_version = tostring(vim.version().major .. "." .. vim.version().minor
  .. "." .. vim.version().patch) }
local result_path = input("PORTLINT_NVIM_RESULT")

local function save()
  local file = assert(io.open(result_path, "w"))
  file:write(vim.json.encode(result))
  file:close()
end

local function step(name)
  result.stage = name
  save()
end

-- vim.wait with a condition: returns as soon as the condition holds, fails loudly when the bound is hit.
local function wait_until(wait_ms, what, condition)
  local ok = vim.wait(wait_ms, condition, 20)
  if not ok then
    error(string.format("timed out after %d ms waiting for %s", wait_ms, what), 0)
  end
end

local function held_diagnostic(bufnr)
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    if d.code == HELD and d.source == "portlint" then
      return d
    end
  end
  return nil
end

local function main()
  local config_path = input("PORTLINT_NVIM_CONFIG")
  local root = input("PORTLINT_NVIM_ROOT")
  local server_cmd = vim.json.decode(input("PORTLINT_NVIM_SERVER"))
  local wait_ms = tonumber(input("PORTLINT_NVIM_WAIT_MS"))
  step("open")
  vim.cmd("edit " .. vim.fn.fnameescape(config_path))
  local bufnr = vim.api.nvim_get_current_buf()
  vim.bo[bufnr].filetype = "json" -- becomes the didOpen languageId (no filetype detection under -u NONE)

  step("start server")
  vim.lsp.set_log_level("debug") -- the whole conversation lands in lsp.log, shown when the test fails
  local client_id = vim.lsp.start_client({
    name = "portlint",
    cmd = server_cmd,
    cmd_cwd = root,
    root_dir = root,
    workspace_folders = { { uri = vim.uri_from_fname(root), name = vim.fn.fnamemodify(root, ":t") } },
    init_options = { settings = { pollInterval = 100 } },
    flags = { debounce_text_changes = 0 },
    on_exit = function(code, signal)
      result.server_exit = { code = code, signal = signal }
    end,
  })
  if not client_id then
    error("vim.lsp.start_client returned nil for " .. vim.inspect(server_cmd), 0)
  end
  local client = vim.lsp.get_client_by_id(client_id)
  result.server_pid = client and client.rpc and client.rpc.pid or vim.NIL -- 0.10+ no longer exposes it
  save()
  if not vim.lsp.buf_attach_client(bufnr, client_id) then
    error("vim.lsp.buf_attach_client failed", 0)
  end
  wait_until(wait_ms, "the server to initialize", function()
    local c = vim.lsp.get_client_by_id(client_id)
    return c ~= nil and c.initialized
  end)

  step("wait for diagnostic")
  wait_until(wait_ms, "the " .. HELD .. " diagnostic", function()
    return held_diagnostic(bufnr) ~= nil
  end)
  local held = held_diagnostic(bufnr)
  -- vim.diagnostic holds byte columns; Neovim converted them from the server's UTF-16 characters.
  result.diagnostic = {
    message = held.message,
    lnum = held.lnum,
    col = held.col,
    end_lnum = held.end_lnum,
    end_col = held.end_col,
    severity = held.severity,
    line = vim.api.nvim_buf_get_lines(bufnr, held.lnum, held.lnum + 1, true)[1],
  }

  step("code action")
  -- Build the request as Neovim's own code-action path does, but in UTF-16 (0.7.2's diagnostic_vim_to_lsp
  -- would send byte columns), carrying the diagnostic's `data`, where portlint keeps its fixes.
  local function utf16(row, col)
    return { line = row, character = vim.lsp.util.character_offset(bufnr, row, col, "utf-16") }
  end
  local range = { start = utf16(held.lnum, held.col), ["end"] = utf16(held.end_lnum, held.end_col) }
  local lsp_data = held.user_data and held.user_data.lsp or {}
  local params = {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    range = range,
    context = {
      diagnostics = {
        {
          range = range,
          severity = held.severity,
          code = held.code,
          source = held.source,
          message = held.message,
          data = lsp_data.data,
        },
      },
    },
  }
  result.request_range = range
  local responses, err = vim.lsp.buf_request_sync(bufnr, "textDocument/codeAction", params, wait_ms)
  if not responses then
    error("textDocument/codeAction got no answer: " .. tostring(err), 0)
  end
  local response = responses[client_id]
  if not response or response.err or response.error then
    error("textDocument/codeAction failed: " .. vim.inspect(response), 0)
  end
  local chosen = nil
  result.action_titles = {}
  for _, action in ipairs(response.result or {}) do
    table.insert(result.action_titles, action.title)
    if chosen == nil and action.isPreferred and vim.startswith(action.title, "Switch to free port") then
      chosen = action
    end
  end
  if chosen == nil then
    error("no preferred 'Switch to free port' action among " .. vim.inspect(result.action_titles), 0)
  end
  result.action_title = chosen.title
  result.new_port = tonumber(chosen.title:match("(%d+)%s*$"))

  step("apply edit")
  vim.lsp.util.apply_workspace_edit(chosen.edit, "utf-16")
  result.line_after_edit = vim.api.nvim_buf_get_lines(bufnr, held.lnum, held.lnum + 1, true)[1]
  vim.cmd("write")

  step("wait for clear")
  wait_until(wait_ms, "the " .. HELD .. " diagnostic to go", function()
    return held_diagnostic(bufnr) == nil
  end)
  result.cleared = true

  step("stop server")
  vim.lsp.stop_client(client_id)
  wait_until(wait_ms, "the server to exit", function()
    return result.server_exit ~= nil
  end)
  step("done")
end

local ok, failure = xpcall(main, debug.traceback)
if ok then
  vim.cmd("qall!")
else
  result.error = tostring(failure)
  pcall(save)
  for _, client in pairs(vim.lsp.get_active_clients()) do
    client.stop(true) -- force: the server must not outlive us even when a step failed
  end
  vim.cmd("cquit 1")
end
