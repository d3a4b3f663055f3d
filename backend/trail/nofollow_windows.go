package trail

// noFollow: Windows has no O_NOFOLLOW; the state directory there is under
// the user's own %LOCALAPPDATA%.
const noFollow = 0
