"""Real-browser journeys (headless Chromium) with axe-core accessibility checks."""
