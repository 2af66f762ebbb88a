-- The README's Neovim 0.7 config for portlint, verbatim (test_neovim.py checks that it works): one client
-- for the project Neovim was started in, attached to every file portlint reads.
local portlint_client
vim.api.nvim_create_autocmd({ "BufReadPost", "BufNewFile" }, {
  pattern = { "firebase.json", "angular.json", "proxy*.json", "proxy*.js", "*.proxy.conf.*", "launch.json",
              "package.json", ".flaskenv", ".env", ".env.*", "Makefile", "makefile", "GNUmakefile", "Procfile", "*.py" },
  callback = function(args)
    if not (portlint_client and vim.lsp.get_client_by_id(portlint_client)) then
      portlint_client = vim.lsp.start_client({
        name = "portlint",
        cmd = { "portlint", "serve" },
        root_dir = vim.fn.getcwd(),
        init_options = { settings = { pollInterval = 250 } },
      })
    end
    vim.lsp.buf_attach_client(args.buf, portlint_client)
  end,
})
