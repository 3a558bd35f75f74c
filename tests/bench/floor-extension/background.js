// Receives the floor content script's rows and keeps a count only: the floor stores nothing.
let received = 0;
chrome.runtime.onConnect.addListener((port) => {
  port.onMessage.addListener((json) => {
    received += JSON.parse(json).length;
  });
});
self.floorReceived = () => received;
