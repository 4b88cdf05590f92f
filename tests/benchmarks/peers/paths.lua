-- wrk: each thread cycles through the paths in WRK_PATHS (one per line,
-- drawn by run.py), starting at its own place in the list.
local paths = {}
for line in io.lines(os.getenv("WRK_PATHS")) do
  paths[#paths + 1] = line
end

local threads = 0
function setup(thread)
  thread:set("start", threads * 997)
  threads = threads + 1
end

local position = nil
function request()
  if position == nil then
    position = (start or 0) % #paths
  end
  position = position % #paths + 1
  return wrk.format("GET", paths[position])
end
