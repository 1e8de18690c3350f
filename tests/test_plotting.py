"""The animated plot shows one figure, updated in place, as PNG."""
from IPython.display import Image as IPythonImage
from matplotlib_inline import backend_inline

import d2l_local as d2l
from d2l_local import plotting


class FakeDisplay:
    """Records what the Animator asks IPython to show."""

    def __init__(self):
        self.shown, self.updates = [], 0

    def display(self, obj, display_id=False):
        self.shown.append(obj)
        return self

    def update(self, obj):
        self.updates += 1
        self.shown[-1] = obj

    Image = IPythonImage  # the real one: the Animator makes its PNG with it


def test_animator_shows_one_figure_and_updates_it(monkeypatch):
    fake = FakeDisplay()
    monkeypatch.setattr(plotting, 'display', fake)
    animator = d2l.Animator(xlabel='epoch', ylabel='loss', legend=['a', 'b'])
    for epoch in range(1, 4):
        animator.add(epoch, [1.0 / epoch, None if epoch == 2 else 2.0])
    assert len(fake.shown) == 1 and fake.updates == 2
    assert fake.shown[0].data == animator.png().data  # the last state, as PNG
    assert fake.shown[0].data.startswith(b'\x89PNG')
    assert animator.X == [[1, 2, 3], [1, 3]]
    assert animator.Y == [[1.0, 0.5, 1.0 / 3], [2.0, 2.0]]
    assert len(animator.axes[0].lines) == 2


def test_helpers_leave_jupyter_on_png(monkeypatch):
    formats = []
    monkeypatch.setattr(backend_inline, 'set_matplotlib_formats', formats.append)
    d2l.Animator()
    assert formats[-1] == 'png'
