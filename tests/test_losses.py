"""CURRICULUM 03: masking and the masked cross-entropy."""
from mxnet import np, npx

import d2l_local as d2l


def test_sequence_mask_reference_values():
    X = np.array([[1, 2, 3], [4, 5, 6]])
    masked = npx.sequence_mask(X, np.array([1, 2]), use_sequence_length=True, axis=1)
    assert masked.tolist() == [[1, 0, 0], [4, 5, 0]]
    filled = npx.sequence_mask(np.ones((2, 3, 4)), np.array([1, 2]),
                               use_sequence_length=True, value=-1, axis=1)
    assert (filled[0, 1:] == -1).all() and (filled[0, 0] == 1).all()
    assert (filled[1, 2] == -1).all() and (filled[1, :2] == 1).all()


def test_masked_loss_reference_values():
    loss = d2l.MaskedSoftmaxCELoss()
    values = loss(np.ones((3, 4, 10)), np.ones((3, 4)), np.array([4, 2, 0])).asnumpy()
    assert abs(values[0] - 2.3025851) < 1e-5
    assert abs(values[1] - 1.1512926) < 1e-5
    assert values[2] == 0


def test_masked_loss_ignores_padding_predictions():
    loss = d2l.MaskedSoftmaxCELoss()
    pred = np.random.normal(size=(2, 5, 7))
    label = np.zeros((2, 5))
    valid_len = np.array([2, 3])
    changed = pred.copy()
    changed[0, 2:] = 100.0  # scores at padded positions only
    changed[1, 3:] = -50.0
    assert np.abs(loss(pred, label, valid_len) - loss(changed, label, valid_len)).max() < 1e-6
